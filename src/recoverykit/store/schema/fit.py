"""Tables for: Feedback-informed treatment: clients, episodes, sessions, expected response."""
