"""The company list and the company detail."""
