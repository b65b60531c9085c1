/** `--watch`: chokidar on each service's directory (sources only), debounced, calling back per service. */
import { relative } from "node:path";
import { watch } from "chokidar";

const IGNORED = /(^|[/\\])(node_modules|\.git|\.berth|dist|coverage)([/\\]|$)/;

export function watchSources(
  services: readonly { name: string; dir: string }[],
  onChange: (service: string, file: string) => void,
  debounceMs = 200,
): () => Promise<void> {
  const watchers = services.map(({ name, dir }) => {
    let timer: NodeJS.Timeout | undefined;
    const w = watch(dir, { ignoreInitial: true, ignored: (p: string) => IGNORED.test(p) });
    w.on("all", (_event, path) => {
      clearTimeout(timer);
      timer = setTimeout(() => onChange(name, relative(dir, path)), debounceMs);
    });
    return { w, stopTimer: () => clearTimeout(timer) };
  });
  return async () => {
    for (const x of watchers) x.stopTimer();
    await Promise.all(watchers.map((x) => x.w.close()));
  };
}
