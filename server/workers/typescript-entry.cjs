// Entry for worker threads whose code is TypeScript: a worker's own entry file is not passed through tsx's hooks,
// but `require` inside it is (the worker inherits `--import tsx`), so this file loads the module named in workerData.
const { workerData } = require("node:worker_threads");
require(workerData.module);
