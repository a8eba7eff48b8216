"""The funding pages: the office (office.py), applicant organisations (applicant.py), reports
(reports.py), and public registration (public.py)."""
