"""The evidence map (issue 15): report sections mapped to EMMIE and the five evaluation
questions, with finding sentences quoted from the reports, each with its page."""
