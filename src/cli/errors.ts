/** A mistake in how the command was called, or input that names nothing: one line, exit code 2. */
export class UsageError extends Error {}

/** Something the user can act on but not a usage mistake (unreadable file, corrupt database): one line, exit 1. */
export class UserFacingError extends Error {}
