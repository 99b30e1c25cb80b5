import type { BlockInput } from "../../dev/notion";

const rich = (content: string) => [{ type: "text", text: { content } }];
const code = (language: string, content: string): BlockInput => ({
  type: "code",
  code: { language, rich_text: rich(content), caption: [] },
});

/** A page with code in five languages, a block equation, an inline one and one invalid TeX. */
export const MATH_POST: BlockInput[] = [
  { type: "paragraph", paragraph: { rich_text: rich("Code and math, rendered on the server.") } },
  code("typescript", "export const add = (a: number, b: number): number => a + b;"),
  code("python", "def area(r):\n    return 3.14159 * r ** 2  # circle"),
  code("rust", 'fn main() { println!("{}", 1 + 2); }'),
  code("go", 'func main() { fmt.Println("hi") }'),
  code("bash", 'echo "$HOME" | wc -c'),
  code("brainfudge", "+[->+<]"),
  { type: "equation", equation: { expression: "\\int_0^1 x^2\\,dx = \\frac{1}{3}" } },
  {
    type: "paragraph",
    paragraph: {
      rich_text: [
        ...rich("Euler says "),
        { type: "equation", equation: { expression: "e^{i\\pi} + 1 = 0" } },
        ...rich("."),
      ],
    },
  },
  { type: "equation", equation: { expression: "\\frac{1}{" } },
];
