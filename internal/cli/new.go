package cli

import (
	"context"
	"fmt"
	"io"
)

func runNew(_ context.Context, _ []string, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "warta new: not available yet")
	return ExitUsage
}
