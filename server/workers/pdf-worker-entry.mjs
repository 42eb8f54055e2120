/**
 * The file piscina starts for each PDF worker thread. The worker itself is TypeScript (pdf-worker.ts). On Node 20
 * tsx registers its loader in the main thread only, and Node 20's shared loader thread does not reach a worker
 * whose imports use top-level await (yoga-layout, inside react-pdf): the import fails with
 * ERR_UNKNOWN_FILE_EXTENSION. So when the plain import fails that way, register tsx in this thread and try again
 * (under another URL, because Node caches the failed one). Newer Node versions take the first path.
 */
let task;
try {
  ({ default: task } = await import("./pdf-worker.ts"));
} catch (error) {
  if (error?.code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
  const { register } = await import("tsx/esm/api");
  register();
  ({ default: task } = await import("./pdf-worker.ts?tsx"));
}
export default task;
