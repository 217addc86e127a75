package importer

func readJekyll(dir string, t *tally) ([]*post, error)               { return nil, errorf(dir, 0, "jekyll: not yet") }
func readHugo(dir string, t *tally) ([]*post, error)                 { return nil, errorf(dir, 0, "hugo: not yet") }
func (w *writer) markdownBody(p *post, b *bundle, src string) string { return src }
