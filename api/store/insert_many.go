package store

import (
	"context"
	"fmt"
	"strings"
)

// manyRows is the most rows one INSERT of insertMany carries. A row a
// statement, the Go side of each (database/sql's locks, the driver's
// binding, a result) cost as much as SQLite's writing a message; 64 rows
// share one, and 64 rows of seven values stay far under SQLite's limit
// of 32,766 parameters.
const manyRows = 64

// insertMany runs head (`INSERT INTO t(a, b)`) for rows of width values
// each, laid end to end in args, several rows a statement. The rows go
// in the order given. Chunks are powers of two, so a table needs at most
// seven statements prepared, whatever the number of rows.
func (w *writer) insertMany(ctx context.Context, head string, width int, args []any) error {
	if width <= 0 || len(args)%width != 0 {
		return fmt.Errorf("insert: %d values are not rows of %d", len(args), width)
	}
	for rows := len(args) / width; rows > 0; {
		n := manyRows
		for n > rows {
			n /= 2
		}
		st, err := w.stmt(ctx, head+" VALUES "+valuesOf(n, width))
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, args[:n*width]...); err != nil {
			return err
		}
		args, rows = args[n*width:], rows-n
	}
	return nil
}

// valuesOf is the placeholders of n rows of width values: (?,?),(?,?).
func valuesOf(n, width int) string {
	row := "(" + strings.Repeat("?,", width-1) + "?)"
	return strings.Repeat(row+",", n-1) + row
}
