package io.github.operationqueue.example;

import javax.sql.DataSource;

import io.github.operationqueue.example.client.TokenStore;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Profile {@code shared-line}: the client's login in the table {@value #TABLE} of the lock database,
 * one row, so that every instance presents the token whichever instance logged in. Only the holder of
 * the shared line {@code remote-auth} writes it. (A real application would keep a token encrypted, or
 * in a secrets store; the stand-in's tokens are worthless.)
 */
final class DatabaseTokenStore implements TokenStore {

    static final String TABLE = "EXAMPLE_ACCESS_TOKEN";

    private final JdbcTemplate jdbc;

    DatabaseTokenStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        createTable();
    }

    @Override
    public String load() {
        return this.jdbc.query("SELECT TOKEN FROM " + TABLE + " WHERE ID = 1",
                (rows) -> rows.next() ? rows.getString(1) : null);
    }

    @Override
    public void save(String token) {
        if (this.jdbc.update("UPDATE " + TABLE + " SET TOKEN = ? WHERE ID = 1", token) == 0) {
            this.jdbc.update("INSERT INTO " + TABLE + " (ID, TOKEN) VALUES (1, ?)", token);
        }
    }

    private void createTable() {
        try {
            this.jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " (ID INT PRIMARY KEY, TOKEN VARCHAR(255) NOT NULL)");
        }
        catch (DataAccessException ex) {
            // Two instances starting at once may race on PostgreSQL's catalog; the table exists if either won.
            this.jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE, Integer.class);
        }
    }

}
