import { MemoryFrontier } from '../../src/crawl/frontier-memory.ts';
import { describeFrontierContract } from './frontier-contract.ts';

describeFrontierContract('memory', async () => new MemoryFrontier());
