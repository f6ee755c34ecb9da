"""Forms, one module per area; each field carries the method's prompt as its hint."""
