package backproplab.model.python;

import backproplab.InvalidInputException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python of a Jupyter notebook ({@code .ipynb}): its code cells one after another, with
 * where each line is written, "{@code net.ipynb cell 7}" and its line in that cell, cells
 * counted from the top as the notebook shows them, markdown included. IPython's own lines
 * ({@code %matplotlib inline}, {@code !pip install}) become comments: they are not Python.
 */
record NotebookCells(String code, List<String> files, List<Integer> lines) {

    static NotebookCells read(String json, String shown) {
        JsonArray cells;
        try {
            JsonElement root = JsonParser.parseString(json);
            JsonElement list = root.isJsonObject() ? root.getAsJsonObject().get("cells") : null;
            if (list == null || !list.isJsonArray()) {
                throw new InvalidInputException(shown + ": not a Jupyter notebook (no \"cells\")");
            }
            cells = list.getAsJsonArray();
        } catch (JsonParseException | IllegalStateException e) {
            throw new InvalidInputException(shown + ": not a Jupyter notebook (not JSON)");
        }
        StringBuilder code = new StringBuilder();
        List<String> files = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        for (int c = 0; c < cells.size(); c++) {
            if (!(cells.get(c) instanceof JsonObject cell) || cell.get("cell_type") == null
                    || !"code".equals(cell.get("cell_type").getAsString())) {
                continue;
            }
            String[] text = source(cell.get("source")).split("\r?\n|\r", -1);
            for (int n = 0; n < text.length; n++) {
                String line = text[n];
                String bare = line.stripLeading();
                code.append(bare.startsWith("%") || bare.startsWith("!") ? "# " + bare : line)
                        .append('\n');
                files.add(shown + " cell " + (c + 1));
                lines.add(n + 1);
            }
        }
        return new NotebookCells(code.toString(), List.copyOf(files), List.copyOf(lines));
    }

    /** A cell's source: one string, or (as Jupyter writes it) a list of its lines. */
    private static String source(JsonElement source) {
        if (source == null || source.isJsonNull()) {
            return "";
        }
        if (source.isJsonArray()) {
            StringBuilder s = new StringBuilder();
            for (JsonElement part : source.getAsJsonArray()) {
                s.append(part.isJsonPrimitive() ? part.getAsString() : "");
            }
            return s.toString();
        }
        return source.isJsonPrimitive() ? source.getAsString() : "";
    }
}
