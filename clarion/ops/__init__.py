"""Running the site: the task worker, the first staff account, translations, backups."""
