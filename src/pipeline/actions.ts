/** The third-party actions the generated workflows use, pinned in one table (upgrade here, regenerate). */
export const ACTIONS = {
  checkout: "actions/checkout@v4",
  setupNode: "actions/setup-node@v4",
  setupTerraform: "hashicorp/setup-terraform@v3",
  setupQemu: "docker/setup-qemu-action@v3",
  setupBuildx: "docker/setup-buildx-action@v3",
  /** Exports the runtime token and cache URL that buildx's `type=gha` cache reads, which `run` steps lack otherwise. */
  githubRuntime: "crazy-max/ghaction-github-runtime@v3",
  awsCredentials: "aws-actions/configure-aws-credentials@v4",
  trivy: "aquasecurity/trivy-action@0.35.0",
} as const;

/** Node for `npx berth` (berth needs 20 or later). */
export const NODE_VERSION = "20";
/** berth needs Terraform 1.10 or later (S3 lock files); setup-terraform takes the latest 1.x under this bound. */
export const TERRAFORM_VERSION = "<2.0.0";
