"""Decision makers the campaign addresses, and (later) petitions delivered to them."""
