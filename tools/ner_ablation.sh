#!/usr/bin/env bash
# Source ablation for the German NER (issue 16): one reduced-budget training run per source set.
#
#   tools/ner_ablation.sh NAME [MAX_STEPS] [SEED]      e.g. tools/ner_ablation.sh no-ler 2000
#
# NAME is one of: all, germeval, no-europeana, no-smartdata, no-mobie, no-ler, no-written.
# Writes a copy of models/configs/ner.cfg whose [ner_data.weights] section drops the named sources
# (weight 0), converts the corpora into its own folder, trains with seed SEED (default 0) and one thread
# (OMP_NUM_THREADS=1, so two runs fit on the 2 cores side by side) and evaluates model-best, model
# alone, on the whole GermEval DEV file and the civic and news dev lines. Everything goes to
# $ABL_ROOT/NAME (default /tmp/ner-abl/NAME; NAME-seedN for a SEED other than 0), nothing into the repo.
#
# Note: weight 0 removes a source's sentences from train.spacy, but the entity-swap copies still draw
# replacement strings from every source's train portion (civic/train/ner/data.py load_sources).
set -euo pipefail

name=${1:?usage: tools/ner_ablation.sh NAME [MAX_STEPS]}
steps=${2:-2000}
seed=${3:-0}
repo=$(cd "$(dirname "$0")/.." && pwd)
root=${ABL_ROOT:-/tmp/ner-abl}/$name
[ "$seed" = 0 ] || root=$root-seed$seed
data=${DATA:-/work/shared/data}
py=$repo/.venv/bin/python

case $name in
  all) zero="" ;;
  germeval) zero="civic news swap europeana smartdata mobie ler" ;;
  no-europeana) zero="europeana" ;;
  no-smartdata) zero="smartdata" ;;
  no-mobie) zero="mobie" ;;
  no-ler) zero="ler" ;;
  no-written) zero="civic news swap" ;;
  *) echo "unknown run $name" >&2; exit 2 ;;
esac

mkdir -p "$root"
cd "$repo"
export PYTHONPATH=$repo OMP_NUM_THREADS=1
"$py" - "$root/ner.cfg" $zero <<'EOF'
import sys
import spacy
cfg = spacy.util.load_config("models/configs/ner.cfg", interpolate=False)
for src in sys.argv[2:]:
    cfg["ner_data"]["weights"][src] = 0
cfg.to_disk(sys.argv[1], interpolate=False)
print("weights:", dict(cfg["ner_data"]["weights"]))
EOF
start=$(date +%s)
"$py" -m civic.train.ner.train train --data-dir "$data" --config "$root/ner.cfg" --seed "$seed" --max-steps "$steps" \
  --corpus-dir "$root/corpus" --work-dir "$root/run" --out "$root/model" > "$root/train.log" 2>&1
echo "train seconds: $(( $(date +%s) - start ))" | tee "$root/time.txt"
"$py" -m civic.train.ner.train evaluate "$root/run/model-best" "$data/germeval2014/NER-de-dev.tsv.gz" \
  "$root/corpus/dev-civic.spacy" "$root/corpus/dev-news.spacy" --json > "$root/eval.json"
echo "done $name"
