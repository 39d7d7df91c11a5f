import { describe, expect, it } from 'vitest';
import { dictionaryProblems } from '@podium/ui';
import { messages } from './messages.js';
import { signInProblem, waitText } from './session.svelte.js';

const failure = (status: number | null, retryAfterSeconds: number | null = null) => ({ ok: false as const, status, problem: null, retryAfterSeconds, reason: 'r' });

describe('signInProblem', () => {
  it('never says which of login and password was wrong', () => {
    expect(signInProblem(failure(401))).toEqual({ key: 'signin.wrong' });
  });

  it('gives the wait of a 429 when the server sent Retry-After', () => {
    expect(signInProblem(failure(429, 900))).toEqual({ key: 'signin.tooMany', params: { time: '15 min' } });
    expect(signInProblem(failure(429))).toEqual({ key: 'signin.tooManyNoTime' });
  });

  it('tells a network failure from a refusal', () => {
    expect(signInProblem(failure(null)).key).toBe('error.network');
    expect(signInProblem(failure(500)).key).toBe('signin.failed');
  });
});

describe('waitText', () => {
  it('reads seconds as seconds or minutes', () => {
    expect(waitText(42)).toBe('42 s');
    expect(waitText(60)).toBe('1 min');
    expect(waitText(61)).toBe('1 min 01 s');
  });
});

describe('messages', () => {
  it('has every string in French and English with the same placeholders', () => {
    expect(dictionaryProblems(messages)).toEqual([]);
  });
});
