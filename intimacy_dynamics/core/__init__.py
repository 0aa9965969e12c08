"""Declaring models symbolically and generating numeric code from them."""
