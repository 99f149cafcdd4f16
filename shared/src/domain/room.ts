/** The live room: its state and events, the commands reducer, and patches (split under room/). */
export * from './room/types.js';
export * from './room/state.js';
export * from './room/reducer.js';
