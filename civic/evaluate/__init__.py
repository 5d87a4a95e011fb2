"""Scoring records against hand-checked gold annotations."""
