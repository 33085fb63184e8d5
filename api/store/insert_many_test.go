package store

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestInsertManyWritesEveryRowInOrder: rows split into chunks of many
// rows land all and in order, whatever their number, and no more than
// seven statements are prepared for a table (the chunks are powers of
// two up to manyRows).
func TestInsertManyWritesEveryRowInOrder(t *testing.T) {
	t.Parallel()
	st := openAt(t, time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	if _, err := st.db.ExecContext(ctx, `CREATE TABLE pairs(n INTEGER, word TEXT)`); err != nil {
		t.Fatal(err)
	}
	for _, rows := range []int{0, 1, 2, 63, manyRows, manyRows + 1, 3*manyRows + 37} {
		w, err := st.beginWriter(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var args []any
		for i := range rows {
			args = append(args, i, strings.Repeat("x", i%5))
		}
		if err := w.insertMany(ctx, `INSERT INTO pairs(n, word)`, 2, args); err != nil {
			t.Fatal(err)
		}
		if len(w.stmts) > 7 {
			t.Errorf("%d rows: %d statements prepared, want at most 7", rows, len(w.stmts))
		}
		got, err := w.QueryContext(ctx, `SELECT n, word FROM pairs ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		for got.Next() {
			var n int
			var word string
			if err := got.Scan(&n, &word); err != nil {
				t.Fatal(err)
			}
			if n != i || word != strings.Repeat("x", i%5) {
				t.Errorf("%d rows: row %d is (%d, %q)", rows, i, n, word)
			}
			i++
		}
		got.Close()
		if i != rows {
			t.Errorf("%d rows given, %d written", rows, i)
		}
		w.close() // rolled back: the next size starts from none
	}
}

// TestInsertManyRefusesRaggedRows: values that are not whole rows are
// refused before anything is written, not written shifted.
func TestInsertManyRefusesRaggedRows(t *testing.T) {
	t.Parallel()
	st := openAt(t, time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC))
	ctx := context.Background()
	w, err := st.beginWriter(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	if err := w.insertMany(ctx, `INSERT INTO pairs(n, word)`, 2, []any{1, "a", 2}); err == nil || !strings.Contains(err.Error(), "not rows of 2") {
		t.Errorf("three values as rows of two: %v", err)
	}
	if len(w.stmts) != 0 {
		t.Errorf("%d statements prepared for a refused insert", len(w.stmts))
	}
}
