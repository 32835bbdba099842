"""Readers for each kind of study input; each returns new DataFrames and raises InputError."""
