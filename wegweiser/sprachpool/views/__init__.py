"""The Sprachpool's pages: the office (office.py), the requesting institutions (requester.py),
the mediators on their phones (mediator.py), payouts and statistics (reports.py)."""
