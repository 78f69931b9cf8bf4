"""Screens layered over the reader: help and term peeks."""
