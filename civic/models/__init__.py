"""The shipped models: where they are, how they are verified, what they are called."""
