/** A mistake in what the user asked for: one line on stderr, exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** The machine cannot run the tracer (privilege, BTF, kernel feature): exit code 1. */
export class EnvironmentError extends Error {
  readonly exitCode = 1;
}
