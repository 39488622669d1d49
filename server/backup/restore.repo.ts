// SQL the PostgreSQL restore runs through psql before the dump's own script, in the same transaction.

/**
 * Everything OneStop keeps is in schema public (migrations, tables, functions): emptied, so that objects made after
 * the backup (a later migration) go too and the database is exactly the backup's.
 */
export const RESET_PUBLIC_SCHEMA = 'DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n'
