"""Each model class named (FILE:Class) as PyTorch makes it: parameters, running statistics,
and the output shapes of each layer at every call on two images; JSON."""
import ast, json, sys, torch

def code_of(path):
    if path.endswith('.ipynb'):
        cells = json.load(open(path))['cells']
        return [''.join(c['source']) if isinstance(c['source'], list) else c['source']
                for c in cells if c['cell_type'] == 'code']
    return [open(path).read()]

def model_class(path, name):
    """The class as Python itself reads the file: its imports of torch, its constants and its
    classes, executed; the rest (data, training, plots) left out."""
    scope = {}
    for cell in code_of(path):
        lines = [l for l in cell.splitlines() if not l.lstrip().startswith(('%', '!'))]
        for node in ast.parse('\n'.join(lines)).body:
            keep = (isinstance(node, ast.ClassDef)
                    or isinstance(node, ast.Import)
                    and all(a.name.split('.')[0] == 'torch' for a in node.names)
                    or isinstance(node, ast.ImportFrom) and node.module.split('.')[0] == 'torch'
                    or isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant))
            if keep:
                exec(compile(ast.Module([node], []), path, 'exec'), scope)
    return scope[name]

def main():
    found = {}
    for spec in sys.argv[1:]:
        path, name = spec.rsplit(':', 1)
        model = model_class(path, name)().eval()
        shapes = {}
        for key, m in model.named_modules():
            if not list(m.children()):
                m.register_forward_hook(
                    lambda m, i, o, key=key: shapes.setdefault(key, []).append(list(o.shape[1:])))
        with torch.no_grad():
            out = model(torch.zeros(2, 1, 28, 28))
        found[spec] = {
            'parameters': sum(p.numel() for p in model.parameters()),
            'statistics': sum(b.numel() for n, b in model.named_buffers()
                              if not n.endswith('num_batches_tracked')),
            'shapes': shapes, 'output': list(out.shape[1:])}
    print(json.dumps(found))


if __name__ == '__main__':
    main()
