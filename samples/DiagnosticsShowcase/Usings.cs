global using River;
