// The plain executable: the command line with no plug-ins (a team's host calls InvokeAsync with its own).
return await LoftCompare.Worker.LoftCompareCommandLine.InvokeAsync(args);
