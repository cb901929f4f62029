"""Declaration signatures: sign, confirm, count, and the signers' consent and privacy."""
