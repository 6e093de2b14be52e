import { dashboardApi } from './cases/dashboardApi.js';

for (const c of [dashboardApi]) {
  const t = performance.now();
  console.log(JSON.stringify((await c()).metrics), performance.now() - t);
}
