"""One module per screen; each pushes the next and reads nothing but the engine and storage."""
