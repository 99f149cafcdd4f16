// The contract suite exercises the server's Store adapters directly: they are internals of
// @icabinet/server, which has no public entry point for them, and going through HTTP would
// test the services instead. This file is the one place that reaches into the server.
// eslint-disable-next-line no-restricted-imports
export * from '../../server/src/store/index.js';
