"""Errors a user can act on: the CLI prints them without a traceback."""


class UserError(Exception):
    """Bad usage or bad input that stops the job (exit code 2)."""

    exit_code = 2


class ConfigError(UserError):
    """A config file is missing, unreadable or invalid; names file, key and problem."""

    def __init__(self, file: str, key: str, problem: str):
        self.file, self.key, self.problem = file, key, problem
        super().__init__(f"{file}: {key}: {problem}" if key else f"{file}: {problem}")


class JobFailed(Exception):
    """The job ran but failed (exit code 1)."""

    exit_code = 1
