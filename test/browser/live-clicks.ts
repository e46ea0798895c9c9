import { labPaths, type LabConfig } from '../../src/config';
import { generateLive } from '../../src/generator';
import { formatLocalTime } from '../../src/logformat';

/** The live generator writing into Flume's directory, with pause/resume for comparing the page at rest. */
export interface LiveClicks {
  /** The day being generated (yyyyMMdd, local time). */
  day: string;
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<void>;
}

export async function startLiveClicks(cfg: LabConfig, rate = 300): Promise<LiveClicks> {
  let controller: AbortController | undefined;
  let running: Promise<unknown> | undefined;
  let segment = 0;
  const resume = () => {
    controller = new AbortController();
    running = generateLive({
      seed: `browser-${Date.now()}-${segment++}`,
      rate,
      signal: controller.signal,
      dir: labPaths(cfg).flumeLogDir,
      file: 'browser-test.log',
      projectRoot: cfg.projectRoot,
    });
  };
  const pause = async () => {
    controller?.abort();
    await running;
  };
  resume();
  return { day: formatLocalTime(new Date()).slice(0, 10).replace(/-/g, ''), pause, resume, stop: pause };
}
