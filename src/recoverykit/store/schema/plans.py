"""Tables for: Implementation plans, measures, department goals, sharing, staff competence."""
