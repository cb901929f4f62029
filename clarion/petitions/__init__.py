"""Petitions to decision makers: targets, one-click signing, and delivery by
email, fax gateway or printed package, with every attempt logged."""
