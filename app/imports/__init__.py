"""One import flow for every sheet (answers, risks, and every sheet added later): the forms, the file of a
clean dry run kept for "Nu opslaan", the words of the problems, the page and the command-line side."""
