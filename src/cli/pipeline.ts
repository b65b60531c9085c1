/** `berth pipeline github|jenkins`: writes the CI/CD pipeline generated from the model. */
import { basename, join, relative, resolve, sep } from "node:path";
import { UsageError } from "../errors.js";
import { renderGithubWorkflows } from "../pipeline/github.js";
import { renderJenkinsfile } from "../pipeline/jenkins.js";
import { writePipelineFiles } from "../pipeline/write.js";
import { loadModel } from "./context.js";
import { println } from "./output.js";

export interface PipelineFlags {
  readonly config?: string;
  readonly out?: string;
}

const SYSTEMS = ["github", "jenkins"] as const;

export async function pipeline(system: string, flags: PipelineFlags): Promise<void> {
  if (!(SYSTEMS as readonly string[]).includes(system)) {
    throw new UsageError(`unknown CI system ${JSON.stringify(system)}`, `choose one of: ${SYSTEMS.join(", ")}`);
  }
  const { file, configDir, model } = await loadModel({ config: flags.config });
  const out = resolve(flags.out ?? configDir);
  const config = relative(out, join(resolve(configDir), basename(file)))
    .split(sep)
    .join("/");
  const files = system === "github" ? renderGithubWorkflows(model, { config }) : [renderJenkinsfile(model, { config })];
  for (const w of writePipelineFiles(out, files)) println(`${w.state.padEnd(9)} ${join(flags.out ?? relative(process.cwd(), configDir) ?? ".", w.path)}`);
}
