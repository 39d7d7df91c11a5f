// Svelte 5 compiles TypeScript natively; nothing to preprocess.
export default {};
