// Types of docker/cluster.mjs for its TypeScript users (the fault suite in e2e/cluster).
import type { ChildProcess } from 'node:child_process';

export class ClusterError extends Error {}

export interface ClusterOptions {
  port?: number;
  host?: string;
  nodes?: number;
  workers?: number;
  databaseUrl?: string;
  privatePostgres?: boolean;
  redisUrl?: string;
  demo?: boolean;
  env?: Record<string, string>;
  maxBodyMb?: number;
  nginxWorkers?: number;
  log?: (name: string, line: string) => void;
}

export class Cluster {
  readonly url: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly nodeNames: string[];
  readonly nodePorts: number[];
  readonly workerNames: string[];
  /** nginx's private prefix (its pid file, logs). */
  readonly nginxPrefix: string;
  nodeUrl(name: string): string;
  start(name: string): Promise<void>;
  kill(name: string, signal?: NodeJS.Signals): Promise<void>;
  running(name: string): boolean;
  stop(): Promise<void>;
  killAllNow(): void;
  readonly processes: Map<string, { child: ChildProcess | null }>;
}

export function startCluster(options?: ClusterOptions): Promise<Cluster>;

export function freePortBase(nodes: number): Promise<number>;
