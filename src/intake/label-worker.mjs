// Entry of a labelling worker thread: workers do not inherit the main thread's TypeScript loader, so
// this plain module registers tsx and then loads the worker's TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./label-worker.ts');
