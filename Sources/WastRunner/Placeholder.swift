enum WastRunnerPlaceholder {}
