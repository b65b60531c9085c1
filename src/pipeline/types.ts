/** What a pipeline renderer returns and needs. */

/** A file to write, relative to the output folder. */
export interface PipelineFile {
  readonly path: string;
  readonly text: string;
}

export interface PipelineOptions {
  /** The config file relative to the output folder (the repository root), POSIX separators. */
  readonly config: string;
}
