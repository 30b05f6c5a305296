import { packageProject } from '../../vitest.shared.ts';

export default packageProject('monitoring', { testTimeout: 60_000 });
