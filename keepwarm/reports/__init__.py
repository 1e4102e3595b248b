"""Reports (issue 12): is the method working? Flows, refusals, rule of six and activity for a period."""
