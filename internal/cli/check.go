package cli

import (
	"context"
	"fmt"
	"io"
)

func runCheck(_ context.Context, _ []string, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "warta check: not available yet")
	return ExitUsage
}
