"""The ISMS scope: processes and information systems with their revisions, suppliers, the quickscan that
classifies each process and system, and the versioned scope statement (reikwijdte). Above `controls/` (an
answer can be refined per system), below `risk/` (a risk threatens processes and systems)."""
