"""Taking data out: the client list, a client's timeline and a team's full export (issue 11)."""
