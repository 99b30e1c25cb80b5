export default function Home() {
  return <main>notion-sync</main>;
}
