export { loadEventBundle, loadEventBundleFromFiles } from './load-event-bundle.js';
export type { EventBundle, EventBundleResult, LoadEventBundleOptions } from './event-bundle.types.js';
export { eventManifestSchema } from './manifest/manifest.schema.js';
export { checkBundlePath } from './bundle/bundle-path.js';
export { zipBundleFiles } from './bundle/zip-bundle.js';
export * from './testing/bundle-fixtures.js';
export { SLUG_PATTERN } from './manifest/manifest.schema.js';
